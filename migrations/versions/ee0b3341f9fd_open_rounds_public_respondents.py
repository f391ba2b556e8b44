"""Open rounds: public respondents

Revision ID: ee0b3341f9fd
Revises: 9e7aab328c14
Create Date: 2026-11-23 20:05:13.447569

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ee0b3341f9fd'
down_revision = '9e7aab328c14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_open_to_public', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('consultees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('is_public', sa.Boolean(), nullable=False, server_default=sa.false()))



def downgrade():
    with op.batch_alter_table('consultees', schema=None) as batch_op:
        batch_op.drop_column('is_public')
        batch_op.drop_column('contact_name')

    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('is_open_to_public')

