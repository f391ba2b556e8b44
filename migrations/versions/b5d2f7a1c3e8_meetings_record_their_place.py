"""Meetings record where they were held

The minutes name the body met (`arena`) and who took part (`attendees`); the place is a field of
its own, so that the report can give it as the dialogue-meeting appendix does.

Revision ID: b5d2f7a1c3e8
Revises: 3c5e8f1a9b27
Create Date: 2026-12-04 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b5d2f7a1c3e8'
down_revision = '3c5e8f1a9b27'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('place')
