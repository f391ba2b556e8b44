"""A report build may be the machine-translated edition in the other written standard

Revision ID: a3f5c8e1d2b7
Revises: a3f9c1d7e2b8
Create Date: 2026-12-05 05:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f5c8e1d2b7'
down_revision = 'a3f9c1d7e2b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('report_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('translated_to', sa.String(length=2), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('report_runs', schema=None) as batch_op:
        batch_op.drop_column('translated_to')
