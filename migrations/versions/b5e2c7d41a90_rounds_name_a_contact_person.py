"""Rounds name a contact person

Whom consultees ask about the round: a name, an e-mail address and a telephone number, named in the
invitation, the reminder and the consultee's form. Rounds made before have none.

Revision ID: b5e2c7d41a90
Revises: a7c3e91f5d20
Create Date: 2026-12-08 02:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5e2c7d41a90'
down_revision = 'a7c3e91f5d20'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_email', sa.String(length=254), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=40), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_email')
        batch_op.drop_column('contact_name')
